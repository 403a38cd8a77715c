/**
 * A strict fast path for the phone numbers a US campaign list is made of: `+1NPANXXXXXX`, `1NPANXXXXXX`
 * and `NPANXXXXXX` (digits only). libphonenumber stays the authority: this parser answers only for inputs
 * whose libphonenumber result it knows exactly (same E.164, same country, same validity); for anything
 * else it returns undefined and the caller asks libphonenumber (shared/domain/phone.ts). A list of a
 * million rows then costs a few character tests per row instead of a libphonenumber parse.
 *
 * What it accepts (the North American Numbering Plan, ATIS-0300051 / NANPA "NPA Code" and "Central Office
 * Code" rules; anything outside these falls back):
 * - NPA (area code) `NXX`, N = 2–9: a number starting 0 or 1 after the country code is not a NANP number.
 *   N11 codes are service codes (211 … 911), N9X codes are reserved for expansion, 37X and 96X are reserved:
 *   none of them is an assigned area code, and none is in the tables below.
 * - NXX (central office code), N = 2–9 and not N11 (N11 is never assigned as an office code).
 * - The NPA must be one of the assigned area codes below, all of whose numbers of that shape libphonenumber
 *   rates valid with one country (US or CA). The tables are the area codes of libphonenumber-js 1.13.16's
 *   metadata (which tracks NANPA's assignments) whose result does not depend on the exchange: area codes
 *   whose validity varies by exchange (983; 523/524; the Caribbean countries with mixed exchanges) and the
 *   non-US/CA countries of +1 are left to libphonenumber. test/unit/domain/nanp.test.ts checks every area
 *   code × every office-code digit against libphonenumber, so a metadata upgrade that moves a code fails
 *   there rather than here.
 */

/** Area codes libphonenumber assigns to the US, valid for every N-not-N11 office code. */
const US_NPAS =
  '201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 220 223 224 225 227 228 229 231 234 ' +
  '235 239 240 248 251 252 253 254 256 260 262 267 269 270 272 274 276 279 281 283 301 302 303 304 305 307 ' +
  '308 309 310 312 313 314 315 316 317 318 319 320 321 323 324 325 326 327 329 330 331 332 334 336 337 339 ' +
  '341 346 347 350 351 352 353 360 361 363 364 369 380 385 386 401 402 404 405 406 407 408 409 410 412 413 ' +
  '414 415 417 419 423 424 425 430 432 434 435 440 442 443 445 447 448 458 463 464 469 470 472 475 478 479 ' +
  '480 484 501 502 503 504 505 507 508 509 510 512 513 515 516 517 518 520 530 531 534 539 540 541 551 557 ' +
  '559 561 562 563 564 567 570 571 572 573 574 575 580 582 585 586 601 602 603 605 606 607 608 609 610 612 ' +
  '614 615 616 617 618 619 620 623 626 628 629 630 631 636 640 641 645 646 650 651 656 657 659 660 661 662 ' +
  '667 669 678 680 681 682 686 689 701 702 703 704 706 707 708 712 713 714 715 716 717 718 719 720 724 725 ' +
  '726 727 728 730 731 732 734 737 738 740 743 747 748 754 757 760 762 763 765 769 770 771 772 773 774 775 ' +
  '779 781 785 786 801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 820 821 826 828 830 831 832 ' +
  '835 838 839 840 843 845 847 848 850 854 856 857 858 859 860 862 863 864 865 870 872 878 901 903 904 906 ' +
  '907 908 909 910 912 913 914 915 916 917 918 919 920 925 928 929 930 931 934 936 937 938 940 941 943 945 ' +
  '947 948 949 951 952 954 956 959 970 971 972 973 975 978 979 980 984 985 986 989 ' +
  // Toll-free (NANPA 8XX service access codes: 800, 833, 844, 855, 866, 877, 888): libphonenumber: US.
  '800 833 844 855 866 877 888';

/** Area codes libphonenumber assigns to Canada (geographic), valid for every N-not-N11 office code. */
const CA_NPAS =
  '204 226 236 249 250 257 263 273 289 306 343 354 365 367 368 382 403 416 418 428 431 437 438 450 468 474 ' +
  '506 514 519 548 579 581 584 587 604 613 639 647 672 683 705 709 742 753 778 780 782 807 819 825 867 873 ' +
  '879 902 905 942';

const NONE = 0;
const US = 1;
const CA = 2;
/** NPA (0–999) → NONE / US / CA. */
const COUNTRY_OF_NPA = new Uint8Array(1000);
for (const npa of US_NPAS.split(' ')) COUNTRY_OF_NPA[Number(npa)] = US;
for (const npa of CA_NPAS.split(' ')) COUNTRY_OF_NPA[Number(npa)] = CA;

export interface NanpNumber {
  e164: string;
  country: 'US' | 'CA';
  /** The 10-digit national number as an integer (NPA × 10⁷ + the 7 digits after it). */
  national: number;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The NANP fast path: the number when `text` (already trimmed) is a digits-only US/CA number this module
 * knows libphonenumber's answer for — always a valid one; otherwise undefined (ask libphonenumber).
 * National forms without `+1` are read as NANP only when the default country is US (libphonenumber reads
 * them in the default country's plan).
 */
export function parseNanpFast(text: string, defaultCountry: string): NanpNumber | undefined {
  const len = text.length;
  let start: number;
  if (len === 12) {
    if (text.charCodeAt(0) !== 43 /* + */ || text.charCodeAt(1) !== 49 /* 1 */) return undefined;
    start = 2;
  } else if (len === 11) {
    if (defaultCountry !== 'US' || text.charCodeAt(0) !== 49) return undefined;
    start = 1;
  } else if (len === 10) {
    if (defaultCountry !== 'US') return undefined;
    start = 0;
  } else return undefined;
  let national = 0;
  for (let i = start; i < len; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    national = national * 10 + (c - 48);
  }
  const npa = Math.floor(national / 10_000_000);
  const country = COUNTRY_OF_NPA[npa]!;
  if (country === NONE) return undefined;
  const nxx = Math.floor(national / 10_000) % 1000;
  // Office code NXX: N = 2–9, and not N11.
  if (nxx < 200 || nxx % 100 === 11) return undefined;
  return {
    e164: start === 2 ? text : `+1${text.slice(start)}`,
    country: country === US ? 'US' : 'CA',
    national,
  };
}
