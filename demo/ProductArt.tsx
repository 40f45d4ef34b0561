import type { ReactElement } from 'react';
import type { Product } from './products';

/** Simple drawings instead of photos: the demo loads nothing from other servers. */
export function ProductArt({ product }: { product: Product }) {
  return (
    <svg
      className={`product-art tone-${product.tone}`}
      viewBox="0 0 160 120"
      aria-hidden="true"
      focusable="false"
    >
      {ART[product.id]}
    </svg>
  );
}

const ART: Record<string, ReactElement> = {
  beanie: (
    <g>
      <clipPath id="beanie-crown">
        <path d="M44 84 C44 44 116 44 116 84 Z" />
      </clipPath>
      <circle cx="80" cy="47" r="10" fill="#f3efe7" />
      <path d="M44 84 C44 44 116 44 116 84 Z" fill="#b55d3b" />
      <path
        d="M56 40 V84 M68 40 V84 M80 40 V84 M92 40 V84 M104 40 V84"
        stroke="#9a4a2c"
        strokeWidth="3"
        clipPath="url(#beanie-crown)"
      />
      <rect x="38" y="80" width="84" height="18" rx="6" fill="#8f4228" />
    </g>
  ),
  mug: (
    <g>
      <path d="M104 50 h10 a14 14 0 0 1 0 28 h-10" fill="none" stroke="#46606b" strokeWidth="7" />
      <rect x="46" y="36" width="60" height="60" rx="8" fill="#5d7c88" />
      <rect x="46" y="36" width="60" height="14" rx="6" fill="#7f9ca7" />
      <ellipse cx="76" cy="102" rx="38" ry="5" fill="#000" opacity="0.12" />
    </g>
  ),
  towel: (
    <g>
      <rect x="46" y="20" width="68" height="84" rx="3" fill="#f1ebe0" />
      <rect x="46" y="30" width="68" height="5" fill="#c0563e" />
      <rect x="46" y="40" width="68" height="3" fill="#c0563e" />
      <rect x="46" y="82" width="68" height="3" fill="#c0563e" />
      <rect x="46" y="89" width="68" height="5" fill="#c0563e" />
      <rect x="72" y="12" width="16" height="10" rx="4" fill="none" stroke="#8b7f6b" strokeWidth="3" />
    </g>
  ),
  coffee: (
    <g>
      <path d="M52 28 h56 l6 74 h-68 Z" fill="#6b4a33" />
      <rect x="52" y="22" width="56" height="10" rx="2" fill="#54392a" />
      <rect x="60" y="52" width="40" height="28" rx="3" fill="#efe3cf" />
      <ellipse cx="74" cy="66" rx="5" ry="7" fill="#6b4a33" />
      <ellipse cx="86" cy="66" rx="5" ry="7" fill="#6b4a33" />
    </g>
  ),
};
