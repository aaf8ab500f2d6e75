import pytest
from dieuhanh.directives.models import Assignment
from collections import Counter

@pytest.mark.django_db
def test_smoke(seed):
    rows = Assignment.objects.select_related("unit","directive")
    print(rows.count())
    for d, n in Counter((a.directive_id, a.directive.text[:50]) for a in rows).items():
        print(d, n)
    for a in rows.filter(person_role__gt=""):
        pass
    print(Counter(a.person_role for a in rows))
