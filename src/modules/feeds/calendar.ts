import ical, { ICalEventStatus } from 'ical-generator';
import { Language } from '../../common/enums';
import { fromGlobalId } from '../../common/node';
import { inLang, label } from '../open-data';

/** An event as the calendar's GraphQL read returns it. */
export interface CalendarEvent {
  id: string;
  kind: string;
  title: string;
  description: string | null;
  startsAt: string;
  endsAt: string | null;
  location: string | null;
  remoteParticipation: boolean;
  free: boolean;
  registrationUrl: string | null;
  registrationClosesAt: string | null;
  status: string;
  audience: string | null;
  languages: string[];
  organizers: { name: string }[];
  initiatives: { title: string }[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The UID of an event: the same every time, whatever changes in the event. */
export function eventUid(globalId: string, host: string): string {
  return `${fromGlobalId(globalId)?.id ?? globalId}@${host}`;
}

/** What a calendar shows under an event: its text, then the facts a participant needs. */
function description(e: CalendarEvent, lang: Language): string {
  const t = (fi: string, sv: string, en: string) => inLang(lang, fi, sv, en);
  const facts = [
    `${t('Tapahtuman laji', 'Typ av evenemang', 'Kind of event')}: ${label('EventKind', e.kind, lang)}`,
    `${t('Etäosallistuminen', 'Distansdeltagande', 'Remote participation')}: ${label('Boolean', e.remoteParticipation, lang)}`,
    `${t('Maksuton', 'Avgiftsfri', 'Free of charge')}: ${label('Boolean', e.free, lang)}`,
  ];
  if (e.organizers.length) {
    facts.push(
      `${t('Järjestäjät', 'Arrangörer', 'Organisers')}: ${e.organizers.map((o) => o.name).join(', ')}`,
    );
  }
  if (e.initiatives.length) {
    facts.push(
      `${t('Yhteishankkeet', 'Samarbetsprojekt', 'Joint initiatives')}: ${e.initiatives.map((i) => i.title).join(', ')}`,
    );
  }
  if (e.languages.length) {
    facts.push(
      `${t('Kielet', 'Språk', 'Languages')}: ${e.languages.map((l) => label('Language', l, lang)).join(', ')}`,
    );
  }
  if (e.audience) facts.push(`${t('Kenelle', 'För vem', 'For whom')}: ${e.audience}`);
  if (e.registrationClosesAt) {
    facts.push(
      `${t('Ilmoittautuminen päättyy', 'Anmälan stänger', 'Registration closes')}: ${e.registrationClosesAt}`,
    );
  }
  if (e.registrationUrl)
    facts.push(`${t('Ilmoittautuminen', 'Anmälan', 'Registration')}: ${e.registrationUrl}`);
  return [e.description, facts.join('\n')].filter(Boolean).join('\n\n');
}

/**
 * The events as an iCalendar file (RFC 5545, by ical-generator): one VEVENT each with a stable
 * UID, DTSTART/DTEND in UTC, SEQUENCE from the event's version (so calendars replace an updated
 * event), LOCATION, URL (the registration page), the facts (remote participation, cost,
 * organisers, languages) in DESCRIPTION, and STATUS:CANCELLED for cancelled events.
 */
export function toIcs(
  events: CalendarEvent[],
  options: { lang: Language; host: string; url: string },
): string {
  const { lang } = options;
  const calendar = ical({
    name: inLang(lang, 'Vaatu Hub – tapahtumat', 'Vaatu Hub – evenemang', 'Vaatu Hub – events'),
    prodId: { company: 'Vaatu Hub', product: 'events', language: lang },
    url: options.url,
    ttl: 60 * 60,
  });
  for (const e of events) {
    calendar.createEvent({
      id: eventUid(e.id, options.host),
      sequence: e.version,
      start: new Date(e.startsAt),
      end: e.endsAt ? new Date(e.endsAt) : null,
      stamp: new Date(e.updatedAt),
      created: new Date(e.createdAt),
      lastModified: new Date(e.updatedAt),
      summary: e.title,
      description: description(e, lang),
      location: e.location,
      url: e.registrationUrl,
      categories: [{ name: label('EventKind', e.kind, lang) }],
      status: e.status === 'CANCELLED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
