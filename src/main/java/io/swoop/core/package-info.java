/**
 * What every layer of swoop shares and nothing else: the failure type that config, model, sources,
 * signals and sink raise. It imports no other swoop package, so every package may import it.
 */
package io.swoop.core;
