import { idnRegions } from '../../functions/lib/adapters/idn-regions.ts';
import type { RegionCodes } from '../../shared/schemas/application.ts';

/** The real Kepmendagri codes, as the server checks them. */
export const realRegions: Promise<RegionCodes> = idnRegions.codes();
