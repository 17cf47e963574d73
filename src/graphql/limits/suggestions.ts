/** "Did you mean ...?" as GraphQL words it for fields, arguments, types and enum values. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * The message without GraphQL's suggestions, which would otherwise let anyone map a schema with
 * introspection switched off (graphql-armor's block-field-suggestions does the same on envelop).
 */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '').trim();
}
