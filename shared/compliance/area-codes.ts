/**
 * Vendored North American area-code → time-zone table, used to find the called party's candidate time
 * zones for calling windows (TSR 310.4(b)(1)(iii)(B): 08:00–21:00 "at the called person's location").
 *
 * Shape: every NPA belongs to one state/province (whose default zone applies) unless it is listed in
 * MULTI_ZONE_NPAS (an area code spanning zones: every listed zone is a candidate) and, finer, in
 * NXX_SPLITS (an exchange within a multi-zone NPA known to sit in one zone). Callers take the
 * intersection of the windows of all candidates, so a coarse entry only makes the window smaller.
 *
 * Source: NANPA area-code assignments with their time-zone column, hand-transcribed (data as of 2025);
 * NXX splits cover the main exchanges of the split area codes and must be reviewed against NANPA's
 * NPA-NXX report before production use. A missing NPA is "unknown zone" → the conservative window.
 */

/** State / province / territory → the NPAs assigned to it. */
const NPAS_BY_REGION: Record<string, string> = {
  AL: '205 251 256 334 659 938',
  AK: '907',
  AZ: '480 520 602 623 928',
  AR: '327 479 501 870',
  CA: '209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 747 760 805 818 820 831 840 858 909 916 925 949 951',
  CO: '303 719 720 970 983',
  CT: '203 475 860 959',
  DE: '302',
  DC: '202 771',
  FL: '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954',
  GA: '229 404 470 478 678 706 762 770 912 943',
  HI: '808',
  ID: '208 986',
  IL: '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872',
  IN: '219 260 317 463 574 765 812 930',
  IA: '319 515 563 641 712',
  KS: '316 620 785 913',
  KY: '270 364 502 606 859',
  LA: '225 318 337 504 985',
  ME: '207',
  MD: '227 240 301 410 443 667',
  MA: '339 351 413 508 617 774 781 857 978',
  MI: '231 248 269 313 517 586 616 679 734 810 906 947 989',
  MN: '218 320 507 612 651 763 952',
  MS: '228 601 662 769',
  MO: '235 314 417 557 573 636 660 816 975',
  MT: '406',
  NE: '308 402 531',
  NV: '702 725 775',
  NH: '603',
  NJ: '201 551 609 640 732 848 856 862 908 973',
  NM: '505 575',
  NY: '212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934',
  NC: '252 336 472 704 743 828 910 919 980 984',
  ND: '701',
  OH: '216 220 234 283 326 330 380 419 436 440 513 567 614 740 937',
  OK: '405 539 572 580 918',
  OR: '458 503 541 971',
  PA: '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878',
  RI: '401',
  SC: '803 821 839 843 854 864',
  SD: '605',
  TN: '423 615 629 731 865 901 931',
  TX: '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979',
  UT: '385 435 801',
  VT: '802',
  VA: '276 434 540 571 686 703 757 804 826 948',
  WA: '206 253 360 425 509 564',
  WV: '304 681',
  WI: '262 274 414 534 608 715 920',
  WY: '307',
  PR: '787 939',
  VI: '340',
  GU: '671',
  AS: '684',
  MP: '670',
  // Canada
  AB: '368 403 587 780 825',
  BC: '236 250 257 604 672 778',
  MB: '204 431 584',
  NB: '428 506',
  NL: '709 879',
  NS: '782 902',
  ON: '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942',
  QC: '263 354 367 418 438 450 468 514 579 581 819 873',
  SK: '306 474 639',
  YT: '867',
};

/** Default IANA zone of each region (used when its NPA is single-zone). */
const REGION_ZONE: Record<string, string> = {
  AL: 'America/Chicago',
  AK: 'America/Anchorage',
  AZ: 'America/Phoenix',
  AR: 'America/Chicago',
  CA: 'America/Los_Angeles',
  CO: 'America/Denver',
  CT: 'America/New_York',
  DE: 'America/New_York',
  DC: 'America/New_York',
  FL: 'America/New_York',
  GA: 'America/New_York',
  HI: 'Pacific/Honolulu',
  ID: 'America/Boise',
  IL: 'America/Chicago',
  IN: 'America/Indiana/Indianapolis',
  IA: 'America/Chicago',
  KS: 'America/Chicago',
  KY: 'America/New_York',
  LA: 'America/Chicago',
  ME: 'America/New_York',
  MD: 'America/New_York',
  MA: 'America/New_York',
  MI: 'America/Detroit',
  MN: 'America/Chicago',
  MS: 'America/Chicago',
  MO: 'America/Chicago',
  MT: 'America/Denver',
  NE: 'America/Chicago',
  NV: 'America/Los_Angeles',
  NH: 'America/New_York',
  NJ: 'America/New_York',
  NM: 'America/Denver',
  NY: 'America/New_York',
  NC: 'America/New_York',
  ND: 'America/Chicago',
  OH: 'America/New_York',
  OK: 'America/Chicago',
  OR: 'America/Los_Angeles',
  PA: 'America/New_York',
  RI: 'America/New_York',
  SC: 'America/New_York',
  SD: 'America/Chicago',
  TN: 'America/Chicago',
  TX: 'America/Chicago',
  UT: 'America/Denver',
  VT: 'America/New_York',
  VA: 'America/New_York',
  WA: 'America/Los_Angeles',
  WV: 'America/New_York',
  WI: 'America/Chicago',
  WY: 'America/Denver',
  PR: 'America/Puerto_Rico',
  VI: 'America/St_Thomas',
  GU: 'Pacific/Guam',
  AS: 'Pacific/Pago_Pago',
  MP: 'Pacific/Saipan',
  AB: 'America/Edmonton',
  BC: 'America/Vancouver',
  MB: 'America/Winnipeg',
  NB: 'America/Moncton',
  NL: 'America/St_Johns',
  NS: 'America/Halifax',
  ON: 'America/Toronto',
  QC: 'America/Toronto',
  SK: 'America/Regina',
  YT: 'America/Whitehorse',
};

/**
 * Area codes that span more than one zone (every zone is a candidate unless an NXX split narrows it),
 * or whose single zone differs from their region's default (915 El Paso: Mountain in a Central state).
 */
export const MULTI_ZONE_NPAS: Record<string, readonly string[]> = {
  // Mountain / Pacific
  '208': ['America/Boise', 'America/Los_Angeles'],
  '986': ['America/Boise', 'America/Los_Angeles'],
  '541': ['America/Los_Angeles', 'America/Boise'],
  '458': ['America/Los_Angeles', 'America/Boise'],
  '775': ['America/Los_Angeles', 'America/Denver'],
  // Central / Mountain
  '308': ['America/Chicago', 'America/Denver'],
  '605': ['America/Chicago', 'America/Denver'],
  '620': ['America/Chicago', 'America/Denver'],
  '785': ['America/Chicago', 'America/Denver'],
  '701': ['America/Chicago', 'America/Denver'],
  '915': ['America/Denver'],
  // Eastern / Central
  '219': ['America/Chicago', 'America/Indiana/Indianapolis'],
  '574': ['America/Indiana/Indianapolis', 'America/Chicago'],
  '812': ['America/Indiana/Indianapolis', 'America/Chicago'],
  '930': ['America/Indiana/Indianapolis', 'America/Chicago'],
  '270': ['America/Chicago', 'America/New_York'],
  '364': ['America/Chicago', 'America/New_York'],
  '606': ['America/New_York', 'America/Chicago'],
  '423': ['America/New_York', 'America/Chicago'],
  '865': ['America/New_York'],
  '906': ['America/Detroit', 'America/Menominee'],
  '850': ['America/New_York', 'America/Chicago'],
  '448': ['America/New_York', 'America/Chicago'],
  // Arizona keeps standard time all year, except the Navajo Nation (DST, like Denver).
  '928': ['America/Phoenix', 'America/Denver'],
  // Alaska incl. the Aleutians (Adak is an hour behind Anchorage).
  '907': ['America/Anchorage', 'America/Adak'],
  // Canada
  '250': ['America/Vancouver', 'America/Edmonton', 'America/Creston'],
  '236': ['America/Vancouver', 'America/Edmonton', 'America/Creston'],
  '257': ['America/Vancouver', 'America/Edmonton', 'America/Creston'],
  '672': ['America/Vancouver', 'America/Edmonton', 'America/Creston'],
  '778': ['America/Vancouver', 'America/Edmonton', 'America/Creston'],
  '807': ['America/Toronto', 'America/Winnipeg'],
  '709': ['America/St_Johns', 'America/Goose_Bay'],
  '879': ['America/St_Johns', 'America/Goose_Bay'],
  '867': ['America/Whitehorse', 'America/Yellowknife', 'America/Iqaluit', 'America/Rankin_Inlet'],
  '418': ['America/Toronto', 'America/Halifax'],
  '581': ['America/Toronto', 'America/Halifax'],
  '367': ['America/Toronto', 'America/Halifax'],
};

/** Exchanges inside multi-zone NPAs known to lie in a single zone ("NPA-NXX" → zone). */
export const NXX_SPLITS: Record<string, string> = {
  // Idaho: Boise area Mountain, the panhandle (Coeur d'Alene, Lewiston, Moscow) Pacific.
  '208-334': 'America/Boise',
  '208-336': 'America/Boise',
  '208-345': 'America/Boise',
  '208-384': 'America/Boise',
  '208-385': 'America/Boise',
  '208-387': 'America/Boise',
  '208-664': 'America/Los_Angeles',
  '208-667': 'America/Los_Angeles',
  '208-765': 'America/Los_Angeles',
  '208-746': 'America/Los_Angeles',
  '208-743': 'America/Los_Angeles',
  '208-882': 'America/Los_Angeles',
  '208-883': 'America/Los_Angeles',
  // Oregon: Malheur County (Ontario) is Mountain.
  '541-889': 'America/Boise',
  '541-881': 'America/Boise',
  '541-346': 'America/Los_Angeles',
  '541-687': 'America/Los_Angeles',
  // Nevada: West Wendover is Mountain; Reno Pacific.
  '775-664': 'America/Denver',
  '775-322': 'America/Los_Angeles',
  '775-323': 'America/Los_Angeles',
  // Florida panhandle: Tallahassee Eastern; Pensacola, Fort Walton Beach, Panama City Central.
  '850-222': 'America/New_York',
  '850-224': 'America/New_York',
  '850-245': 'America/New_York',
  '850-644': 'America/New_York',
  '850-432': 'America/Chicago',
  '850-433': 'America/Chicago',
  '850-434': 'America/Chicago',
  '850-435': 'America/Chicago',
  '850-438': 'America/Chicago',
  '850-243': 'America/Chicago',
  '850-244': 'America/Chicago',
  '850-769': 'America/Chicago',
  '850-785': 'America/Chicago',
  // Indiana: Evansville Central, Bloomington Eastern; Gary Central.
  '812-422': 'America/Chicago',
  '812-423': 'America/Chicago',
  '812-424': 'America/Chicago',
  '812-425': 'America/Chicago',
  '812-426': 'America/Chicago',
  '812-464': 'America/Chicago',
  '812-476': 'America/Chicago',
  '812-477': 'America/Chicago',
  '812-331': 'America/Indiana/Indianapolis',
  '812-332': 'America/Indiana/Indianapolis',
  '812-333': 'America/Indiana/Indianapolis',
  '812-334': 'America/Indiana/Indianapolis',
  '812-336': 'America/Indiana/Indianapolis',
  '812-339': 'America/Indiana/Indianapolis',
  '219-881': 'America/Chicago',
  '219-882': 'America/Chicago',
  '219-883': 'America/Chicago',
  '219-884': 'America/Chicago',
  '219-885': 'America/Chicago',
  '219-886': 'America/Chicago',
  // Kentucky: Paducah and Bowling Green Central; Elizabethtown Eastern.
  '270-442': 'America/Chicago',
  '270-443': 'America/Chicago',
  '270-444': 'America/Chicago',
  '270-781': 'America/Chicago',
  '270-782': 'America/Chicago',
  '270-843': 'America/Chicago',
  '270-765': 'America/New_York',
  '270-737': 'America/New_York',
  // Michigan's Upper Peninsula: Iron Mountain Central, Marquette Eastern.
  '906-774': 'America/Menominee',
  '906-776': 'America/Menominee',
  '906-779': 'America/Menominee',
  '906-225': 'America/Detroit',
  '906-226': 'America/Detroit',
  '906-228': 'America/Detroit',
  // South Dakota: Rapid City Mountain, Sioux Falls Central.
  '605-341': 'America/Denver',
  '605-342': 'America/Denver',
  '605-343': 'America/Denver',
  '605-348': 'America/Denver',
  '605-330': 'America/Chicago',
  '605-331': 'America/Chicago',
  '605-332': 'America/Chicago',
  '605-334': 'America/Chicago',
  '605-335': 'America/Chicago',
  '605-336': 'America/Chicago',
  '605-338': 'America/Chicago',
  '605-339': 'America/Chicago',
  // North Dakota: Dickinson Mountain; Bismarck and Fargo Central.
  '701-225': 'America/Denver',
  '701-227': 'America/Denver',
  '701-222': 'America/Chicago',
  '701-223': 'America/Chicago',
  '701-224': 'America/Chicago',
  '701-258': 'America/Chicago',
  '701-232': 'America/Chicago',
  '701-235': 'America/Chicago',
  '701-237': 'America/Chicago',
  '701-293': 'America/Chicago',
  // Nebraska: Scottsbluff Mountain, Grand Island Central.
  '308-632': 'America/Denver',
  '308-635': 'America/Denver',
  '308-381': 'America/Chicago',
  '308-382': 'America/Chicago',
  '308-384': 'America/Chicago',
  // Kansas: Goodland Mountain; Topeka and Garden City Central.
  '785-899': 'America/Denver',
  '785-232': 'America/Chicago',
  '785-233': 'America/Chicago',
  '785-234': 'America/Chicago',
  '620-275': 'America/Chicago',
  '620-276': 'America/Chicago',
  // Arizona: Window Rock (Navajo Nation) observes DST; Flagstaff does not.
  '928-871': 'America/Denver',
  '928-774': 'America/Phoenix',
  '928-779': 'America/Phoenix',
  // Alaska: Adak.
  '907-592': 'America/Adak',
  '907-561': 'America/Anchorage',
  '907-562': 'America/Anchorage',
  '907-563': 'America/Anchorage',
  // Tennessee: Chattanooga Eastern.
  '423-265': 'America/New_York',
  '423-266': 'America/New_York',
  '423-267': 'America/New_York',
  '423-756': 'America/New_York',
};

const REGION_BY_NPA = new Map<string, string>();
for (const [region, list] of Object.entries(NPAS_BY_REGION)) {
  for (const npa of list.split(' ')) REGION_BY_NPA.set(npa, region);
}

/** Data version of this table, recorded with every window verdict in the evidence. */
export const AREA_CODE_TABLE_VERSION = '2025-01-nanpa-hand-v1';

/** Every NPA in the table. */
export const KNOWN_NPAS: readonly string[] = [...REGION_BY_NPA.keys()].sort();

/** The state/province/territory an NPA is assigned to, or undefined when unknown. */
export function regionOfNpa(npa: string): string | undefined {
  return REGION_BY_NPA.get(npa);
}

/** All zones that a region's territory covers (its default plus those of its multi-zone NPAs). */
export function zonesOfRegion(region: string): string[] {
  const zones = new Set<string>();
  const base = REGION_ZONE[region];
  if (!base) return [];
  const list = NPAS_BY_REGION[region]?.split(' ') ?? [];
  let allSplit = list.length > 0;
  for (const npa of list) {
    const multi = MULTI_ZONE_NPAS[npa];
    if (multi) for (const z of multi) zones.add(z);
    else allSplit = false;
  }
  if (!allSplit) zones.add(base);
  return [...zones];
}

/**
 * Candidate zones for a NANP number (10-digit national number "NPANXXXXXX"): the NXX split when known,
 * else every zone of a multi-zone NPA, else the region's zone; [] when the NPA is unknown.
 */
export function zonesOfNanpNumber(national: string): string[] {
  const npa = national.slice(0, 3);
  const nxx = national.slice(3, 6);
  const split = NXX_SPLITS[`${npa}-${nxx}`];
  if (split) return [split];
  const multi = MULTI_ZONE_NPAS[npa];
  if (multi) return [...multi];
  const region = REGION_BY_NPA.get(npa);
  const zone = region ? REGION_ZONE[region] : undefined;
  return zone ? [zone] : [];
}

/**
 * ZIP-code prefix (first three digits) → state, from USPS ZIP3 ranges. A ZIP gives the state; its zones
 * are that state's zones (a multi-zone state keeps every candidate, so the intersection stays safe).
 */
const ZIP3_RANGES: ReadonlyArray<readonly [number, number, string]> = [
  [5, 5, 'NY'],
  [6, 7, 'PR'],
  [8, 8, 'VI'],
  [9, 9, 'PR'],
  [10, 27, 'MA'],
  [28, 29, 'RI'],
  [30, 38, 'NH'],
  [39, 49, 'ME'],
  [50, 59, 'VT'],
  [60, 69, 'CT'],
  [70, 89, 'NJ'],
  [100, 149, 'NY'],
  [150, 196, 'PA'],
  [197, 199, 'DE'],
  [200, 200, 'DC'],
  [201, 201, 'VA'],
  [202, 205, 'DC'],
  [206, 219, 'MD'],
  [220, 246, 'VA'],
  [247, 268, 'WV'],
  [270, 289, 'NC'],
  [290, 299, 'SC'],
  [300, 319, 'GA'],
  [320, 349, 'FL'],
  [350, 369, 'AL'],
  [370, 385, 'TN'],
  [386, 397, 'MS'],
  [398, 399, 'GA'],
  [400, 427, 'KY'],
  [430, 459, 'OH'],
  [460, 479, 'IN'],
  [480, 499, 'MI'],
  [500, 528, 'IA'],
  [530, 549, 'WI'],
  [550, 567, 'MN'],
  [569, 569, 'DC'],
  [570, 577, 'SD'],
  [580, 588, 'ND'],
  [590, 599, 'MT'],
  [600, 629, 'IL'],
  [630, 658, 'MO'],
  [660, 679, 'KS'],
  [680, 693, 'NE'],
  [700, 714, 'LA'],
  [716, 729, 'AR'],
  [730, 749, 'OK'],
  [750, 799, 'TX'],
  [800, 816, 'CO'],
  [820, 831, 'WY'],
  [832, 838, 'ID'],
  [840, 847, 'UT'],
  [850, 865, 'AZ'],
  [870, 884, 'NM'],
  [885, 885, 'TX'],
  [889, 898, 'NV'],
  [900, 961, 'CA'],
  [967, 968, 'HI'],
  [969, 969, 'GU'],
  [970, 979, 'OR'],
  [980, 994, 'WA'],
  [995, 999, 'AK'],
];

/** The state of a US ZIP code ("98101" or "98101-1234"), or undefined. */
export function stateOfZip(zip: string): string | undefined {
  const m = /^(\d{3})\d{2}(-\d{4})?$/.exec(zip.trim());
  if (!m) return undefined;
  const z3 = Number(m[1]);
  for (const [lo, hi, st] of ZIP3_RANGES) if (z3 >= lo && z3 <= hi) return st;
  return undefined;
}
