// The Dintero emulator for `npm run dev` / `npm start` of this example:
//
//   npm run emulator                                   # prints the URL, e.g. http://127.0.0.1:5174
//   DINTERO_CHECKOUT_URL=http://127.0.0.1:5174 npm run dev
//
// Then approve or decline pending requests with its control API, e.g.
// `curl -X POST http://127.0.0.1:5174/__emulator/requests/<requestId>/approve` (list: GET /__emulator/pending).
import { startDinteroEmulator } from 'react-dintero-pay/testing';

const port = Number(process.env.EMULATOR_PORT ?? 5174);
const shop = process.env.SHOP_URL ?? 'http://localhost:3000';
const emulator = await startDinteroEmulator({ port, returnUrl: `${shop}/return` });
console.log(`Dintero emulator on ${emulator.url}; start the shop with DINTERO_CHECKOUT_URL=${emulator.url}`);
const stop = () => emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
