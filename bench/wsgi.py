"""The site as production serves it (tropewise.wsgi), with how many queries each answer cost
in an X-Queries header. Outermost, so a page replayed from the cache says 0."""

from django.db import connections

from tropewise.wsgi import application as site


def count_queries(application):
    def counted(environ, start_response):
        count = [0]

        def counting(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        def with_count(status, headers, *exc_info):
            return start_response(status, [*headers, ("X-Queries", str(count[0]))], *exc_info)

        with connections["default"].execute_wrapper(counting):
            return application(environ, with_count)

    return counted


application = count_queries(site)
