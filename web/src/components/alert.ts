// An alert as the API gives it (GET /api/v1/alerts, the overview's latest alerts).
export interface AlertSummary {
  id: string;
  time: string;
  kind: string;
  severity: string;
  digest: string;
  message: string;
  status: string;
}
