/**
 * What the shop sells, and what it costs in each currency it takes. Prices are integers in minor
 * units (öre, øre, cent), as Dintero counts amounts; each currency has its own price list, set by
 * hand, never converted at run time. The page shows these prices; the shop's server prices every
 * order from the same list, so the browser never decides an amount.
 */
export type Currency = 'SEK' | 'NOK' | 'DKK' | 'EUR';

export const CURRENCIES: readonly Currency[] = ['SEK', 'NOK', 'DKK', 'EUR'];

export interface Product {
  id: string;
  name: string;
  description: string;
  /** Price per currency, in minor units, VAT included. */
  prices: Record<Currency, number>;
  /** Background of the product picture. */
  tone: 'wool' | 'clay' | 'linen' | 'roast';
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'beanie',
    name: 'Merino beanie',
    description: 'Ribbed merino wool, knitted in Dalarna. One size.',
    prices: { SEK: 34900, NOK: 34900, DKK: 24900, EUR: 3290 },
    tone: 'wool',
  },
  {
    id: 'mug',
    name: 'Stoneware mug',
    description: 'Hand-glazed, 350 ml. Dishwasher safe.',
    prices: { SEK: 21900, NOK: 21900, DKK: 15900, EUR: 1990 },
    tone: 'clay',
  },
  {
    id: 'towel',
    name: 'Linen tea towel',
    description: 'Stone-washed linen, 50 × 70 cm.',
    prices: { SEK: 14900, NOK: 14900, DKK: 10900, EUR: 1390 },
    tone: 'linen',
  },
  {
    id: 'coffee',
    name: 'Coffee beans, 500 g',
    description: 'Medium roast from a small roastery in Gothenburg.',
    prices: { SEK: 12900, NOK: 12900, DKK: 9500, EUR: 1190 },
    tone: 'roast',
  },
];

/** The VAT rate in percent of the country each currency is sold to (Finland's is 25.5 %). */
export const VAT_PERCENT: Record<Currency, number> = { SEK: 25, NOK: 25, DKK: 25, EUR: 25.5 };

export const MAX_QUANTITY = 9;

export function productById(id: string): Product | undefined {
  return PRODUCTS.find((product) => product.id === id);
}

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && (CURRENCIES as readonly string[]).includes(value);
}

/** The VAT inside a price that includes it, rounded to the minor unit. */
export function vatOf(amount: number, currency: Currency): number {
  const rate = VAT_PERCENT[currency];
  return Math.round((amount * rate) / (100 + rate));
}

export interface PricedLine {
  product: Product;
  quantity: number;
  /** Minor units, VAT included: unit price × quantity. */
  amount: number;
}

/** Cart lines in catalogue order, priced in `currency`; unknown products and empty lines are left out. */
export function pricedLines(lines: Record<string, number>, currency: Currency): PricedLine[] {
  return PRODUCTS.filter((product) => (lines[product.id] ?? 0) > 0).map((product) => {
    const quantity = lines[product.id] ?? 0;
    return { product, quantity, amount: product.prices[currency] * quantity };
  });
}

/** The order total in minor units. */
export function orderTotal(lines: Record<string, number>, currency: Currency): number {
  return pricedLines(lines, currency).reduce((sum, line) => sum + line.amount, 0);
}

const formats = new Map<Currency, Intl.NumberFormat>();

/** `34900` SEK → `SEK 349.00`, the format the library's pay button uses for the same locale. */
export function formatMoney(minorUnits: number, currency: Currency): string {
  let format = formats.get(currency);
  if (!format) formats.set(currency, (format = new Intl.NumberFormat('en', { style: 'currency', currency })));
  // Every currency sold here has two minor digits.
  return format.format(minorUnits / 100);
}
