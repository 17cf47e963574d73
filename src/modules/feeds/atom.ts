import { Feed } from 'feed';
import { Language } from '../../common/enums';
import { fromGlobalId } from '../../common/node';
import { inLang, label } from '../open-data';

/** A material as the feed's GraphQL read returns it. */
export interface FeedMaterial {
  id: string;
  kind: string;
  title: string;
  description: string | null;
  url: string;
  languages: string[];
  tags: string[];
  publishedAt: string | null;
  updatedAt: string;
  publisher: { name: string; website: string | null };
  contributors: { name: string }[];
  video: { durationSeconds: number | null; captionLanguages: string[] } | null;
}

/** Text for an element the feed declares as HTML: escaped, so that it shows as written. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A video's length for people: `1 h 5 min`, `12 min 30 s`. */
function duration(seconds: number, lang: Language): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s || (!h && !m) ? `${s} s` : ''];
  return `${inLang(lang, 'Kesto', 'Längd', 'Duration')} ${parts.filter(Boolean).join(' ')}`;
}

function videoFacts(m: FeedMaterial, lang: Language): string[] {
  if (!m.video) return [];
  const captions = m.video.captionLanguages.map((l) => label('Language', l, lang)).join(', ');
  return [
    ...(m.video.durationSeconds != null ? [duration(m.video.durationSeconds, lang)] : []),
    `${inLang(lang, 'Tekstitykset', 'Undertexter', 'Captions')}: ${captions || inLang(lang, 'ei', 'inga', 'none')}`,
  ];
}

/**
 * Newly published materials and videos as an Atom feed (RFC 4287, by `feed`), newest first: each
 * entry's id is the material's UUID as a URN, its link the material, its author the publisher
 * (contributors as contributors), `published` and `updated` its dates. The kind, and for a video
 * its duration (ISO 8601, e.g. `PT750S`) and caption languages, are entry categories under this
 * feed's schemes (`<feed>#kind`, `#duration`, `#caption-language`) and are said in the summary.
 */
export function toAtom(
  materials: FeedMaterial[],
  options: { lang: Language; selfUrl: string; feedId: string; hubUrl: string },
): string {
  const { lang } = options;
  const scheme = (name: string) => `${options.feedId}#${name}`;
  const latest = materials.reduce((max, m) => Math.max(max, Date.parse(m.updatedAt)), 0);
  const feed = new Feed({
    id: options.feedId,
    title: inLang(
      lang,
      'Vaatu Hub – uudet materiaalit',
      'Vaatu Hub – nytt material',
      'Vaatu Hub – new materials',
    ),
    description: inLang(
      lang,
      'Vaativan erityisen tuen toimijoiden julkaisemat materiaalit ja videot',
      'Material och videor som aktörerna inom krävande särskilt stöd publicerat',
      'Materials and videos published by the actors of demanding special support',
    ),
    link: options.hubUrl,
    feed: options.selfUrl,
    language: lang.toLowerCase(),
    updated: new Date(latest || Date.now()),
    generator: 'Vaatu Hub',
  });
  for (const m of materials) {
    const facts = [label('MaterialKind', m.kind, lang), ...videoFacts(m, lang)];
    const summary = [m.description, `${facts.join('. ')}.`].filter(Boolean).join('\n\n');
    feed.addItem({
      id: `urn:uuid:${fromGlobalId(m.id)?.id ?? m.id}`,
      title: html(m.title),
      link: m.url,
      date: new Date(m.updatedAt),
      published: m.publishedAt ? new Date(m.publishedAt) : undefined,
      description: html(summary),
      author: [{ name: m.publisher.name, ...(m.publisher.website ? { link: m.publisher.website } : {}) }],
      contributor: m.contributors.map((c) => ({ name: c.name })),
      category: [
        { term: m.kind, scheme: scheme('kind'), name: label('MaterialKind', m.kind, lang) },
        ...(m.video?.durationSeconds != null
          ? [
              {
                term: `PT${m.video.durationSeconds}S`,
                scheme: scheme('duration'),
                name: duration(m.video.durationSeconds, lang),
              },
            ]
          : []),
        ...(m.video?.captionLanguages ?? []).map((l) => ({
          term: l.toLowerCase(),
          scheme: scheme('caption-language'),
          name: label('Language', l, lang),
        })),
        ...m.tags.map((tag) => ({ term: tag })),
      ],
    });
  }
  return feed.atom1();
}
