"""Middleware for the benchmark only (QUERY_COUNT_HEADER=true): how many queries a response
cost, in an X-Queries header."""

from django.db import connections


def middleware(get_response):
    def count_queries(request):
        counted = [0]

        def count(execute, sql, params, many, context):
            counted[0] += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(count):
            response = get_response(request)
        response["X-Queries"] = str(counted[0])
        return response

    return count_queries
