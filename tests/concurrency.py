"""Run the same state change from several threads that start at one moment: the row-lock tests of the services."""

from __future__ import annotations

import threading

from django.db import connection


def race(call, arguments, *, refusals: tuple[type[Exception], ...] = ()) -> list:
    """``call(argument)`` for each argument, each in its own thread (own database connection), released together.
    Returns per call its result, or the exception when it is one of ``refusals`` (the clear refusal the service
    promises); any other exception fails the test."""
    barrier = threading.Barrier(len(arguments))
    results: list = [None] * len(arguments)
    errors: list[Exception] = []

    def run(index, argument):
        try:
            barrier.wait()
            results[index] = call(argument)
        except refusals as exc:
            results[index] = exc
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, argument)) for i, argument in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results
