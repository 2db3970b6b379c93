/**
 * Rule files: the YAML model (triggers: match, schedules, typed manual parameters; steps; drill;
 * grouping), its JSON Schema, CEL conditions and step expressions, the loader that checks plugin
 * names and parameters and reports every problem at once, the alertname-indexed matcher and the
 * hot-reloading registry.
 */
package io.runbookd.rules;
