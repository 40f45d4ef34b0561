/** What the shop sells. Prices are in öre (SEK minor units), as Dintero counts amounts. */
export interface Product {
  id: string;
  name: string;
  description: string;
  price: number;
  /** Background of the product picture. */
  tone: 'wool' | 'clay' | 'linen' | 'roast';
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'beanie',
    name: 'Merino beanie',
    description: 'Ribbed merino wool, knitted in Dalarna. One size.',
    price: 34900,
    tone: 'wool',
  },
  {
    id: 'mug',
    name: 'Stoneware mug',
    description: 'Hand-glazed, 350 ml. Dishwasher safe.',
    price: 21900,
    tone: 'clay',
  },
  {
    id: 'towel',
    name: 'Linen tea towel',
    description: 'Stone-washed linen, 50 × 70 cm.',
    price: 14900,
    tone: 'linen',
  },
  {
    id: 'coffee',
    name: 'Coffee beans, 500 g',
    description: 'Medium roast from a small roastery in Gothenburg.',
    price: 12900,
    tone: 'roast',
  },
];

export const CURRENCY = 'SEK';

export function productById(id: string): Product | undefined {
  return PRODUCTS.find((product) => product.id === id);
}

const money = new Intl.NumberFormat('en', { style: 'currency', currency: CURRENCY });

/** `34900` → `SEK 349.00`, the format the library's pay button uses for the same locale. */
export function formatMoney(minorUnits: number): string {
  return money.format(minorUnits / 100);
}
