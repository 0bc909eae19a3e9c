"""Each message's journey: the answers to send requests and the delivery reports in, one
``Journey`` per request id out (``join.trace``), as the ``trace`` command tells it."""
