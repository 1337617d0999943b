// babel-jest reads this file. babel-preset-dd instruments the source as written, wherever it is listed,
// so preset-env and preset-typescript may rewrite the result as they like.
module.exports = {
  presets: [
    'babel-preset-dd',
    ['@babel/preset-env', { targets: { node: 'current' } }],
    '@babel/preset-typescript',
  ],
  env: {
    // `BABEL_ENV=legacy npx jest` runs the same tests on code lowered for old browsers: async functions
    // and generators become state machines after the preset has instrumented them.
    legacy: {
      presets: [['@babel/preset-env', { targets: { ie: '11' } }]],
    },
  },
};
