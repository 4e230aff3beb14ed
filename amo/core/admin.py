"""The admin's base class: every save and delete clears the caches.

Django's admin writes through ModelAdmin's save and delete hooks, inside
transactions. Each hook here hands the rows it wrote to
amo.core.cache.invalidation, which clears the caches once the transaction
commits. Saves are reported after the write, and deletes before it, so
that the rows a delete cascades to are found while they exist.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from amo.core.cache import invalidation


class InvalidatingModelAdmin(admin.ModelAdmin):
    def changed_models(self) -> set[type[models.Model]]:
        """Return the models an edit in this admin may write rows of.

        That is the model, the models of its inlines and the join tables
        of its many-to-many fields, whose generations are bumped even when
        no instance of them is at hand.
        """
        model = self.model
        inline_models = {inline.model for inline in self.inlines}
        through = {field.remote_field.through for field in model._meta.many_to_many}
        return {model, *inline_models, *through}

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        invalidation.invalidate([obj], models_changed=self.changed_models())

    def save_related(
        self,
        request: HttpRequest,
        form: ModelForm,
        formsets: list[BaseInlineFormSet],
        change: bool,
    ) -> None:
        super().save_related(request, form, formsets, change)
        written: list[models.Model] = []
        for formset in formsets:
            written.extend(formset.new_objects)
            written.extend(instance for instance, _ in formset.changed_objects)
            # Deleted inline rows keep their foreign keys, which is all that
            # their invalidation reads.
            written.extend(formset.deleted_objects)
        invalidation.invalidate(
            [form.instance, *written], models_changed=self.changed_models()
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        invalidation.invalidate_deletion(
            [obj], models_changed=self.changed_models(), using=obj._state.db
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        invalidation.invalidate_deletion(
            list(queryset), models_changed=self.changed_models(), using=queryset.db
        )
        super().delete_queryset(request, queryset)
