// Feature boundaries, checked by `npm run check:boundaries` (dependency-cruiser).
//
// A feature is a folder `src/modules/<feature>/`. Its `index.ts` is its public surface: the only
// file other code may import from it. `src/common/` and `src/graphql/` are shared by all features
// and import none. Features do not import each other in circles, except the groups listed below,
// each with the reason the circle is part of the design rather than an accident.

/**
 * Circles between features that are allowed, each with its reason: the `features` of a group may
 * import each other in any circle among them. Keep this list short: break a new circle (move a
 * shared type to the feature that owns it, add a field from the feature that owns the listed
 * records, pass a dependency in as an interface, split a write side from a read side as `outbox/`
 * is from `announcement/`) rather than add to it.
 */
const ALLOWED_FEATURE_CYCLES = [
  {
    features: ['actor', 'audit', 'staff'],
    reason:
      'Who did what: an audit entry names the staff member and the actors it concerns, a staff member ' +
      'acts for an actor, and actor writes record audit entries and clear the staff identity cache ' +
      '(keyed by the actor slug in the token) when an actor is renamed.',
  },
];

const FEATURE = '^src/modules/([^/]+)/';

/** The features a feature may be in a circle with (besides itself). */
function cyclePartners(feature) {
  const partners = new Set();
  for (const cycle of ALLOWED_FEATURE_CYCLES)
    if (cycle.features.includes(feature)) for (const f of cycle.features) partners.add(f);
  partners.delete(feature);
  return [...partners];
}

const withAllowedCycles = [...new Set(ALLOWED_FEATURE_CYCLES.flatMap((c) => c.features))];
const escape = (name) => name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

// A dependency of feature F is in a forbidden circle when the circle passes through a module of a
// feature that is neither F nor one of F's allowed partners. Features without allowed circles
// share one rule (with F captured from the path); each of the others gets its own.
const cycleRules = [
  {
    name: 'no-feature-cycle',
    comment:
      'Features must not import each other in a circle (see ALLOWED_FEATURE_CYCLES in ' +
      '.dependency-cruiser.cjs for the few that may, and why).',
    severity: 'error',
    from: { path: FEATURE, pathNot: `^src/modules/(${withAllowedCycles.map(escape).join('|')})/` },
    to: { circular: true, via: { path: '^src/modules/(?!$1/)[^/]+/' } },
  },
  ...withAllowedCycles.map((feature) => ({
    name: 'no-feature-cycle',
    comment:
      `Features must not import each other in a circle; ${feature} may only with ` +
      `${cyclePartners(feature).join(', ')} (see ALLOWED_FEATURE_CYCLES).`,
    severity: 'error',
    from: { path: `^src/modules/${escape(feature)}/` },
    to: {
      circular: true,
      via: {
        path: `^src/modules/(?!(${[feature, ...cyclePartners(feature)].map(escape).join('|')})/)[^/]+/`,
      },
    },
  })),
];

module.exports = {
  forbidden: [
    {
      name: 'feature-internals-from-feature',
      comment:
        "A feature imports another feature only through its index.ts (`'../actor'`, not " +
        "`'../actor/actor.service'`): what is not exported there is internal to the folder.",
      severity: 'error',
      from: { path: FEATURE },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'feature-internals-from-outside',
      comment:
        'Code outside the features (app, CLI, seed, db, the resolver list) imports a feature only ' +
        'through its index.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: FEATURE },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'shared-code-imports-no-feature',
      comment:
        'src/common/ and src/graphql/ are the ground every feature stands on: they never import a ' +
        'feature (a feature passes what they need in, as the resolver list does).',
      severity: 'error',
      from: { path: '^src/(common|graphql)/' },
      to: { path: '^src/modules/' },
    },
    ...cycleRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules/', '^src/client/generated/'] },
    // Type-only imports count too: they tie features together as much as value imports do.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
