import babel, { defineRolldownBabelPreset } from '@rolldown/plugin-babel';
import { defineConfig } from 'vite';

// @rolldown/plugin-babel reads no babel.config.js: presets are listed here. Vite compiles JSX itself.
const ddSpan = defineRolldownBabelPreset({
  preset: ['babel-preset-dd'],
  rolldown: {
    filter: {
      // The app's own code (dependencies are never compiled), and only files with something to instrument.
      id: /\/src\//,
      code: /dd:|orchestrion:|fetch/,
    },
  },
});

export default defineConfig({
  plugins: [babel({ presets: [ddSpan] })],
});
