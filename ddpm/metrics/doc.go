// Package metrics scores sample sets against the data: the course's KDE
// negative log-likelihood, precision and recall at a radius, and label
// accuracy, together in a Scorer.
package metrics
