"""Which pull request a ``workflow_run`` is for, and its one packet (``rung pr locate``).

The privileged workflow (packet-review) starts after a run of pull-request
code; it must find that pull request and its packet without trusting anything
the pull request controls.  Pure parts only: ``decide`` (which number to
trust, which files are packets, the step's outputs) and ``runner`` (the files
the Actions runner hands a step: the event, the triggering run's record,
``$GITHUB_OUTPUT``, workflow commands).  The GitHub reader is
``rung.github.locate``.  May import ``rung.problems`` and ``rung.report``'s
escapers; never PyGithub.
"""
