"""Cache clients, the Django backends on them, and the Redis client."""
