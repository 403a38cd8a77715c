/**
 * Every string the agent sees, in typed tables: `Messages` is the contract, `en` and `tr` must fill
 * every key (the compiler checks it). Parametrised strings are functions, so no format syntax to get wrong.
 */
import type { Locale } from '../api/types.ts';

export interface Messages {
  appTitle: string;
  state: Record<'idle' | 'offered' | 'connected' | 'acw' | 'ended', string>;
  loadingCard: string;
  cardError: (message: string) => string;
  notYourContact: string;
  caller: string;
  unknownCaller: string;
  vipTier: string;
  tier: (tier: string) => string;
  language: string;
  openCase: string;
  none: string;
  intent: string;
  repeatCaller: string;
  yes: string;
  no: string;
  queue: string;
  transferred: string;
  transferNote: string;
  transferReason: string;
  transferMode: string;
  transferFrom: string;
  mode: (mode: string) => string;
  pendingCallback: (queue: string, at: string) => string;
  dncStatus: string;
  dncBlocked: (sources: string) => string;
  dncClear: string;
  history: string;
  noHistory: string;
  historyDate: string;
  disposition: string;
  surveyScore: string;
  notes: string;
  noteLabel: string;
  newNote: string;
  savedNotes: string;
  noteStatus: Record<'idle' | 'saving' | 'saved' | 'retrying' | 'failed', string>;
  tags: string;
  addTag: string;
  tagInput: string;
  removeTag: (tag: string) => string;
  noTags: string;
  wrapUp: string;
  wrapUpRequired: string;
  closeContact: string;
  wrapUpNeeded: string;
  contactClosed: string;
  dnc: string;
  dncConfirmTitle: string;
  dncConfirmText: string;
  confirm: string;
  cancel: string;
  dncDone: string;
  transfer: string;
  targetType: string;
  targetTypes: Record<'queue' | 'agent', string>;
  target: string;
  reason: string;
  saveTransfer: string;
  transferReady: (target: string) => string;
  transferNow: string;
  transferDone: (target: string) => string;
  callback: string;
  callbackNumber: string;
  requestCallback: string;
  callbackDone: (queue: string) => string;
  actionFailed: (message: string) => string;
  signIn: string;
  signInTitle: string;
  agent: string;
  signedInAs: (name: string) => string;
}

const en: Messages = {
  appTitle: 'Santral agent workspace',
  state: {
    idle: 'Waiting for a contact',
    offered: 'Incoming contact',
    connected: 'On a call',
    acw: 'After-contact work',
    ended: 'Contact ended',
  },
  loadingCard: 'Loading the caller…',
  cardError: (m) => `The caller's card could not be loaded: ${m}`,
  notYourContact: 'This contact is not yours.',
  caller: 'Caller',
  unknownCaller: 'Unknown caller',
  vipTier: 'Tier',
  tier: (t) => (t === 'VIP' ? 'VIP' : t === 'standard' ? 'Standard' : t),
  language: 'Language',
  openCase: 'Open case',
  none: 'none',
  intent: 'Reason for calling',
  repeatCaller: 'Repeat caller',
  yes: 'yes',
  no: 'no',
  queue: 'Queue',
  transferred: 'Transferred to you',
  transferNote: 'Note',
  transferReason: 'Reason',
  transferMode: 'Mode',
  transferFrom: 'From',
  mode: (m) => (m === 'warm' ? 'warm' : m === 'cold' ? 'cold' : m),
  pendingCallback: (q, at) => `Callback pending in ${q} since ${at}`,
  dncStatus: 'Do not call',
  dncBlocked: (s) => `Blocked (${s})`,
  dncClear: 'Not on a do-not-call list',
  history: 'Last contacts',
  noHistory: 'No earlier contacts',
  historyDate: 'Date',
  disposition: 'Disposition',
  surveyScore: 'Survey',
  notes: 'Notes',
  noteLabel: 'Note for this contact',
  newNote: 'New note',
  savedNotes: 'Saved notes',
  noteStatus: {
    idle: '',
    saving: 'Saving…',
    saved: 'Saved',
    retrying: 'Not saved yet, retrying…',
    failed: 'Not saved: the note was refused',
  },
  tags: 'Tags',
  addTag: 'Add tag',
  tagInput: 'New tag',
  removeTag: (t) => `Remove tag ${t}`,
  noTags: 'No tags',
  wrapUp: 'Wrap-up code',
  wrapUpRequired: 'required',
  closeContact: 'Close contact',
  wrapUpNeeded: 'Choose a wrap-up code before closing this contact.',
  contactClosed: 'Contact closed.',
  dnc: 'Do not call',
  dncConfirmTitle: 'Add this caller to the do-not-call list?',
  dncConfirmText: 'No campaign will dial this number again, starting now.',
  confirm: 'Yes, do not call',
  cancel: 'Cancel',
  dncDone: 'The caller is on the do-not-call list.',
  transfer: 'Transfer with context',
  targetType: 'Transfer to',
  targetTypes: { queue: 'Queue', agent: 'Agent' },
  target: 'Target',
  reason: 'Reason',
  saveTransfer: 'Save transfer context',
  transferReady: (t) => `Context saved. Now use the quick connect to ${t}.`,
  transferNow: 'Transfer now',
  transferDone: (t) => `Transferred to ${t}.`,
  callback: 'Callback',
  callbackNumber: 'Number to call back (optional)',
  requestCallback: 'Request callback',
  callbackDone: (q) => `Callback requested in ${q}.`,
  actionFailed: (m) => `That did not work: ${m}`,
  signIn: 'Sign in',
  signInTitle: 'Sandbox sign-in',
  agent: 'Agent',
  signedInAs: (n) => `Signed in as ${n}`,
};

const tr: Messages = {
  appTitle: 'Santral temsilci ekranı',
  state: {
    idle: 'Çağrı bekleniyor',
    offered: 'Gelen çağrı',
    connected: 'Görüşmede',
    acw: 'Çağrı sonrası işlem',
    ended: 'Görüşme bitti',
  },
  loadingCard: 'Arayan yükleniyor…',
  cardError: (m) => `Arayan kartı yüklenemedi: ${m}`,
  notYourContact: 'Bu görüşme size ait değil.',
  caller: 'Arayan',
  unknownCaller: 'Bilinmeyen arayan',
  vipTier: 'Segment',
  tier: (t) => (t === 'VIP' ? 'VIP' : t === 'standard' ? 'Standart' : t),
  language: 'Dil',
  openCase: 'Açık kayıt',
  none: 'yok',
  intent: 'Arama nedeni',
  repeatCaller: 'Tekrar arayan',
  yes: 'evet',
  no: 'hayır',
  queue: 'Kuyruk',
  transferred: 'Size aktarıldı',
  transferNote: 'Not',
  transferReason: 'Neden',
  transferMode: 'Tür',
  transferFrom: 'Aktaran',
  mode: (m) => (m === 'warm' ? 'bilgilendirerek' : m === 'cold' ? 'doğrudan' : m),
  pendingCallback: (q, at) => `${q} kuyruğunda ${at} tarihinden beri bekleyen geri arama`,
  dncStatus: 'Aranmasın',
  dncBlocked: (s) => `Engelli (${s})`,
  dncClear: 'Aranmayacaklar listesinde değil',
  history: 'Son görüşmeler',
  noHistory: 'Önceki görüşme yok',
  historyDate: 'Tarih',
  disposition: 'Sonuç',
  surveyScore: 'Anket',
  notes: 'Notlar',
  noteLabel: 'Bu görüşme için not',
  newNote: 'Yeni not',
  savedNotes: 'Kayıtlı notlar',
  noteStatus: {
    idle: '',
    saving: 'Kaydediliyor…',
    saved: 'Kaydedildi',
    retrying: 'Henüz kaydedilmedi, yeniden deneniyor…',
    failed: 'Kaydedilmedi: not reddedildi',
  },
  tags: 'Etiketler',
  addTag: 'Etiket ekle',
  tagInput: 'Yeni etiket',
  removeTag: (t) => `${t} etiketini kaldır`,
  noTags: 'Etiket yok',
  wrapUp: 'Kapanış kodu',
  wrapUpRequired: 'zorunlu',
  closeContact: 'Görüşmeyi kapat',
  wrapUpNeeded: 'Görüşmeyi kapatmadan önce bir kapanış kodu seçin.',
  contactClosed: 'Görüşme kapatıldı.',
  dnc: 'Aranmasın',
  dncConfirmTitle: 'Bu arayan aranmayacaklar listesine eklensin mi?',
  dncConfirmText: 'Hiçbir kampanya bu numarayı bundan sonra aramayacak.',
  confirm: 'Evet, aranmasın',
  cancel: 'Vazgeç',
  dncDone: 'Arayan aranmayacaklar listesinde.',
  transfer: 'Bilgiyle aktar',
  targetType: 'Aktarım hedefi',
  targetTypes: { queue: 'Kuyruk', agent: 'Temsilci' },
  target: 'Hedef',
  reason: 'Neden',
  saveTransfer: 'Aktarım bilgisini kaydet',
  transferReady: (t) => `Bilgi kaydedildi. Şimdi ${t} hızlı bağlantısını kullanın.`,
  transferNow: 'Şimdi aktar',
  transferDone: (t) => `${t} hedefine aktarıldı.`,
  callback: 'Geri arama',
  callbackNumber: 'Geri aranacak numara (isteğe bağlı)',
  requestCallback: 'Geri arama iste',
  callbackDone: (q) => `${q} kuyruğunda geri arama istendi.`,
  actionFailed: (m) => `İşlem başarısız: ${m}`,
  signIn: 'Giriş yap',
  signInTitle: 'Sandbox girişi',
  agent: 'Temsilci',
  signedInAs: (n) => `${n} olarak giriş yapıldı`,
};

export const MESSAGES: Readonly<Record<Locale, Messages>> = { en, tr };

export const messagesFor = (locale: Locale): Messages => MESSAGES[locale];
