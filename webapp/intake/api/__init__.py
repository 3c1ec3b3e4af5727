"""The point-of-sale JSON API (/api/v1): record actions, look them up, list them for
reconciliation; its OpenAPI description and reference page; each token's rate limit."""
