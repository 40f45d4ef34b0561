// app/routes/api.dintero.$.ts (app/routes.ts: route('api/dintero/*', 'routes/api.dintero.$.ts'))
import type { ActionFunctionArgs, LoaderFunctionArgs } from 'react-router';
import { createDinteroProxy } from 'react-dintero-pay/server';

const proxy = createDinteroProxy({
  basePath: '/api/dintero',
  target: process.env.DINTERO_CHECKOUT_URL,
  allowLoopbackHttp: true,
});

export const loader = ({ request }: LoaderFunctionArgs) => proxy(request);
export const action = ({ request }: ActionFunctionArgs) => proxy(request);
