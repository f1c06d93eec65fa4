from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zoneatlas.tenants.models import Investor, Lease, Project, ProjectStatusEvent
from zoneatlas.tenants.services import project_state

from .conftest import make_zone


def generate(*args):
    out = StringIO()
    call_command("generate", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_synthetic_tenants_are_drawn_for_synthetic_zones_and_replaced_on_a_second_run():
    generate("national", "--parks", "3", "--clusters", "12", "--seed", "7")
    real = make_zone("CCN-20-9901")
    real_investor = Investor.objects.create(name="Real")
    real_project = Project.objects.create(zone=real, investor=real_investor, name="Real project")
    output = generate("tenants", "--projects", "300", "--seed", "7")
    assert output.startswith("Synthetic tenants (seed 7): 120 investors, 300 projects, ")
    synthetic = Project.objects.filter(is_synthetic=True)
    assert synthetic.count() == 300
    assert not synthetic.filter(zone__is_synthetic=False).exists()
    assert not synthetic.filter(registered_capital_vnd__isnull=True).exists()
    assert Project.history.filter(is_synthetic=True).count() == 300
    # The denormalised status agrees with each project's history.
    for project in synthetic.prefetch_related("events")[:50]:
        assert project.status == project_state(project.events.all())["status"]
    counts = (Project.objects.count(), ProjectStatusEvent.objects.count(), Lease.objects.count())
    again = generate("tenants", "--projects", "300", "--seed", "7")
    assert again.endswith("300 synthetic projects replaced.\n")
    assert (Project.objects.count(), ProjectStatusEvent.objects.count(), Lease.objects.count()) == counts
    assert Project.objects.filter(pk=real_project.pk).exists()


@pytest.mark.django_db
def test_without_synthetic_zones_the_command_says_what_to_run_first():
    with pytest.raises(CommandError, match="run `zoneatlas generate national` first"):
        generate("tenants", "--projects", "10")
