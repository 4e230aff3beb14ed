"""Settings of the live server and worker that the devhub browser test runs.

They are the project's settings, with the default job queue named by
AMO_TEST_DEFAULT_QUEUE, so the test's own worker reads only the jobs that
its server queues, even on a broker that other test sessions share.
"""

import os

from settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ.get("AMO_TEST_DEFAULT_QUEUE", "celery")
