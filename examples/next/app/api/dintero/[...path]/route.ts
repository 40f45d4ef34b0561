// app/api/dintero/[...path]/route.ts
import { createDinteroProxy } from 'react-dintero-pay/server';

const proxy = createDinteroProxy({
  basePath: '/api/dintero',
  // Unset in production: https://checkout.dintero.com. In local tests: the emulator's URL.
  target: process.env.DINTERO_CHECKOUT_URL,
  // Plain http only ever to a loopback target (the emulator); no effect on an https target.
  allowLoopbackHttp: true,
});

export { proxy as GET, proxy as POST, proxy as OPTIONS };
