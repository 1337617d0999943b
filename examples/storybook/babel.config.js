module.exports = {
  presets: [
    'babel-preset-dd',
    '@babel/preset-env',
    ['@babel/preset-react', { runtime: 'automatic' }],
  ],
};
