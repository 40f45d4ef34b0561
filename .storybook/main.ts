import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  // No network here or in CI: telemetry look-ups would only wait and fail.
  core: { disableTelemetry: true },
  // The MSW service worker for the story that runs the whole flow against the emulator.
  staticDirs: ['../public'],
};

export default config;
