/**
 * The fonts PDFs embed, instead of pdfkit's standard ones: those cover Latin-1 only and are loaded from pdfkit's own
 * folder at run time, which an esbuild bundle does not carry. DejaVu Sans draws every Latin, Greek and Cyrillic
 * letter a name may hold. Files are found from this module, in node_modules; the Lambda bundle ships them beside it
 * (infra/constructs/jaring-function.ts, `usesFonts`), and this list is all the construct needs to know.
 */
import { createRequire } from 'node:module';

export const FONT_PACKAGE_FILES = { regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' } as const;

/** Absolute paths, resolved on first use. */
export const fontPath = (font: keyof typeof FONT_PACKAGE_FILES) => createRequire(import.meta.url).resolve(FONT_PACKAGE_FILES[font]);
