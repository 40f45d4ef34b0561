import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Hydrated } from './hydrated';

export const metadata: Metadata = { title: 'Fjällbo · Next.js example' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="sv">
      <body>
        {children}
        <Hydrated />
      </body>
    </html>
  );
}
