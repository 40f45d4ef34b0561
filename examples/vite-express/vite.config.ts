// vite.config.ts: the page from Vite, everything else from the shop's server (server.ts, port 3000).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const shopServer = { target: process.env.SHOP_SERVER_URL ?? 'http://localhost:3000' };

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': shopServer, '/return': shopServer } },
});
