"""The logic of rung's own workflow steps, which would otherwise live in the YAML.

A workflow step should be one rung command: logic pasted into a ``run:``
script is reviewed as YAML, runs with the job's token and is tested only as
far as the e2e tests reach.  Pure parts, one module per step:

* ``locate`` (``rung pr locate``, packet-review): which pull request a
  ``workflow_run`` is for, trusting nothing the pull request controls, and
  its one packet;
* ``renderable`` (``rung pr render``, packet-check): the changed packets that
  pass validation, and the artifact's name;
* ``changed`` (``rung cycle changed``, cycle-decisions): the cycles whose
  decisions file a push changed.

``runner`` reads and writes what the Actions runner hands a step (the event,
an untrusted record, ``$GITHUB_OUTPUT``, ``$GITHUB_STEP_SUMMARY``, workflow
commands).  The GitHub reads are ``rung.github.locate``'s.

May import: the model, :mod:`rung.problems` and the workflow-command escapers of
:mod:`rung.validate.report`; never PyGithub.
"""
