"""The JSON API: one NinjaAPI that mounts each app's router; OpenAPI at /api/openapi.json."""
