"""Shared pytest fixtures: factories, and settings for browser tests."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be
# usable there in the live-server browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def researcher(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username="researcher", password="correct horse battery staple", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Researcher"))
    return user


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username="editor", password="correct horse battery staple", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editor"))
    return user
