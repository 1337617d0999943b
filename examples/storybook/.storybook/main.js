// Storybook's webpack builder compiles with SWC by default, which reads no Babel configuration; the
// Babel compiler addon switches it to babel-loader, which reads babel.config.js.
export default {
  framework: '@storybook/react-webpack5',
  addons: ['@storybook/addon-webpack5-compiler-babel'],
  stories: ['../src/**/*.stories.jsx'],
};
