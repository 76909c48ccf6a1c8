"""Demonstration and fixture data: the demo jurisdiction, dossiers at every stage, valid
form data per step, a sample scan and the local mail catcher of `make run`. It drives the
engine like any client; only web/cli, the tests and the benchmarks import it."""
