package io.swoop.generate;

/** The sales process of the synthetic org, with Salesforce's default-like probabilities. */
enum Stage {
  PROSPECTING("Prospecting", 10, "Pipeline", 9),
  QUALIFICATION("Qualification", 20, "Pipeline", 10),
  NEEDS_ANALYSIS("Needs Analysis", 30, "Pipeline", 12),
  VALUE_PROPOSITION("Value Proposition", 50, "Pipeline", 12),
  PROPOSAL("Proposal/Price Quote", 75, "BestCase", 14),
  NEGOTIATION("Negotiation/Review", 90, "Forecast", 12),
  CLOSED_WON("Closed Won", 100, "Closed", 0),
  CLOSED_LOST("Closed Lost", 0, "Omitted", 0);

  static final Stage[] ALL = values();

  final String label;
  final int probability;
  final String forecastCategory;
  final double meanDays;

  Stage(String label, int probability, String forecastCategory, double meanDays) {
    this.label = label;
    this.probability = probability;
    this.forecastCategory = forecastCategory;
    this.meanDays = meanDays;
  }

  boolean closed() {
    return this == CLOSED_WON || this == CLOSED_LOST;
  }

  Stage next() {
    return ALL[ordinal() + 1];
  }
}
