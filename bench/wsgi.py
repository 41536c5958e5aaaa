"""The site as production serves it (tropewise.wsgi), with how many queries each answer cost
in an X-Queries header. Outermost, so a page replayed from the cache says 0.

A request's X-Bench header (what it is and when it was sent, from bench/lua/mix.lua) is sent
back with its answer, so that wrk can time each kind of request of a mix apart."""

from django.db import connections

from tropewise.wsgi import application as site


def count_queries(application):
    def counted(environ, start_response):
        count = [0]
        echo = environ.get("HTTP_X_BENCH")

        def counting(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        def with_count(status, headers, *exc_info):
            extra = [("X-Queries", str(count[0]))]
            if echo:
                extra.append(("X-Bench", echo))
            return start_response(status, [*headers, *extra], *exc_info)

        with connections["default"].execute_wrapper(counting):
            return application(environ, with_count)

    return counted


application = count_queries(site)
