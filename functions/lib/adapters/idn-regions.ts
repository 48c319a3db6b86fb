import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import type { Region, RegionDirectory } from '../../../shared/ports/index.ts';
import type { RegionCodes } from '../../../shared/schemas/application.ts';

type ChildIndex = Map<string, Region[]>;

/** Official Kepmendagri codes from `idn-area-data`, indexed by parent once per process (about 90k rows). */
export class IdnRegionDirectory implements RegionDirectory {
  private index: Promise<{ provinces: Region[]; children: ChildIndex }> | undefined;

  private load() {
    this.index ??= (async () => {
      const [provinces, regencies, districts, villages] = await Promise.all([getProvinces(), getRegencies(), getDistricts(), getVillages()]);
      const children: ChildIndex = new Map();
      const add = (parent: string, region: Region) => {
        const list = children.get(parent);
        if (list) list.push(region);
        else children.set(parent, [region]);
      };
      for (const r of regencies) add(r.province_code, { code: r.code, name: r.name });
      for (const d of districts) add(d.regency_code, { code: d.code, name: d.name });
      for (const v of villages) add(v.district_code, { code: v.code, name: v.name });
      return { provinces: provinces.map((p) => ({ code: p.code, name: p.name })), children };
    })();
    return this.index;
  }

  /** Every province, regency, district and village code. */
  async codes(): Promise<RegionCodes> {
    const { provinces, children } = await this.load();
    const all = new Set(provinces.map((p) => p.code));
    for (const list of children.values()) for (const region of list) all.add(region.code);
    return all;
  }

  async children(parentCode?: string): Promise<Region[] | undefined> {
    const { provinces, children } = await this.load();
    return parentCode === undefined ? provinces : children.get(parentCode);
  }
}

/** One index per process: handlers sharing a process (the local runtime) parse the data once. */
export const idnRegions = new IdnRegionDirectory();
