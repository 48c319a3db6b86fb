/**
 * Stands in for `brotli/decompress.js` in the bundles that draw PDFs (`bundlingFor` in
 * infra/constructs/jaring-function.ts): fontkit needs brotli only to read WOFF2 fonts, and the invitations embed
 * TrueType fonts (fonts.ts), so its 475 KB decoder stays out of the bundle (issue #12: a bundle is at most 1 MB).
 */
export default function decompress(): never {
  throw new Error('WOFF2 fonts cannot be read in this bundle: embed a TrueType font');
}
