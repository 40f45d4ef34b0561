// app/api/dintero/[...path]/route.ts (as /api/dintero-edge)
import { createDinteroProxy } from 'react-dintero-pay/server';

export const runtime = 'edge';

const proxy = createDinteroProxy({
  basePath: '/api/dintero-edge',
  target: process.env.DINTERO_CHECKOUT_URL,
  allowLoopbackHttp: true,
});

export { proxy as GET, proxy as POST, proxy as OPTIONS };
