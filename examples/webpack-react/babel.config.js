// babel-loader reads this file. Browser targets come from .browserslistrc.
module.exports = {
  presets: [
    'babel-preset-dd',
    '@babel/preset-env',
    ['@babel/preset-react', { runtime: 'automatic' }],
  ],
};
