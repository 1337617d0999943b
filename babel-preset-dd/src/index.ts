import ddSpanPlugin, { type PluginAPI, type PluginOptions } from 'babel-plugin-dd-span';

/** Options of babel-preset-dd. For now, the plugin's own options. */
export type PresetOptions = PluginOptions;

/** babel-preset-dd: `presets: [['babel-preset-dd', options]]` enables the `//dd:span` plugin. */
export default function ddPreset(api: PluginAPI, options: PresetOptions = {}) {
  api.assertVersion('^7.22.0 || ^8.0.0-0');
  return { plugins: [[ddSpanPlugin, options]] };
}
