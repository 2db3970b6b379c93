/**
 * Rule files: the YAML model, its JSON Schema, CEL conditions, the loader that reports every
 * problem at once, the alertname-indexed matcher and the hot-reloading registry.
 */
package io.runbookd.rules;
