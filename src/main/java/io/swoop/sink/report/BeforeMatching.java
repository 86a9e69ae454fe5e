package io.swoop.sink.report;

/**
 * One covariate of the balance <em>before</em> matching, for one entity: no published table holds
 * it, so the job computes it from the run's control search and hands it to the report (the page
 * marks these numbers {@code data-before}, not {@code data-table}). The pool is every candidate the
 * search ranked for each of the entity's matched taken-over deals (the deals its team had in the
 * same stage at the same moment, never taken over, closed), each (deal, candidate) pair weighing
 * the same; {@code takeover_effect_balance} holds the same covariate after matching.
 *
 * @param level {@code manager} or {@code org}
 * @param entityId the manager (as the published tables name them), null for the org
 * @param covariate as in {@code takeover_effect_balance}
 * @param treatedMean the matched taken-over deals' mean, as in {@code takeover_effect_balance}
 * @param poolMean the mean over every (deal, candidate) pair of the pools
 * @param poolSize the number of those pairs
 * @param smd (treatedMean − poolMean) / √((v_T + v_P) / 2), null when that denominator is 0
 */
public record BeforeMatching(
    String level,
    String entityId,
    String covariate,
    Double treatedMean,
    Double poolMean,
    long poolSize,
    Double smd) {}
