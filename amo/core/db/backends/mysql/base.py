"""Django's MySQL backend running on PyMySQL instead of mysqlclient.

PyMySQL is pure Python, so a fresh machine needs no MariaDB headers or
compiler to install amo. Only the synchronous write path, the admin, the
importer and Celery use this backend; request reads go through asyncmy.
"""

import pymysql

# Django 6.1 checks for mysqlclient 2.2.1 or newer. PyMySQL implements the
# same DB-API surface that the backend uses (constants, converters, cursor
# and error classes), so it is announced with that version.
pymysql.version_info = (2, 2, 1, "final", 0)
pymysql.__version__ = "2.2.1"
pymysql.install_as_MySQLdb()

from django.db.backends.mysql.base import DatabaseWrapper as MySQLDatabaseWrapper  # noqa: E402


class DatabaseWrapper(MySQLDatabaseWrapper):
    pass
