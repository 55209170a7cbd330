"""factory_boy factories shared by all test modules."""

import factory
from factory.django import DjangoModelFactory

from schakel.accounts.models import Membership, User
from schakel.organisations.models import Municipality, Organisation, OrganisationKind, Region, RegionMember


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testregio {n}")
    slug = factory.Sequence(lambda n: f"testregio-{n}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)
        skip_postgeneration_save = True

    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    province = "Gelderland"

    @factory.post_generation
    def region(self, create, extracted, **kwargs):
        if create and extracted is not None:
            RegionMember.objects.update_or_create(municipality=self, defaults={"region": extracted})


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.OTHER


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", "een-lang-testwachtwoord")

    @factory.post_generation
    def save_after(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "reporter"
