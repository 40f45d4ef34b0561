// vite.config.ts
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { createDinteroProxy, toNodeHandler } from 'react-dintero-pay/server';

const dintero = toNodeHandler(
  createDinteroProxy({
    basePath: '/api/dintero',
    target: process.env.DINTERO_CHECKOUT_URL,
    allowLoopbackHttp: true,
  }),
);

export default defineConfig({
  plugins: [
    react(),
    {
      name: 'dintero-proxy',
      configureServer: (server) => void server.middlewares.use('/api/dintero', dintero),
      configurePreviewServer: (server) => void server.middlewares.use('/api/dintero', dintero),
    },
  ],
});
