"""`{% personal "name" argument %}…{% endpersonal %}`: what is inside belongs to the member
reading the page. Rendered as it is, except in a render kept for every member like them
(wiki.personal), which gets a mark there instead, filled in for each member by the filler
registered under `name` (given `argument`, an id), from the same partial or markup."""

from django import template

from wiki import personal as parts

register = template.Library()


class PersonalNode(template.Node):
    def __init__(self, name, argument, nodelist):
        self.name, self.argument, self.nodelist = name, argument, nodelist

    def render(self, context):
        marks = context.get(parts.CONTEXT_NAME)
        if marks is None:
            return self.nodelist.render(context)
        argument = self.argument.resolve(context) if self.argument else ""
        return marks.mark(self.name, argument)


@register.tag
def personal(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('Use {% personal "name" [argument] %}')
    nodelist = parser.parse(("endpersonal",))
    parser.delete_first_token()
    argument = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return PersonalNode(bits[1][1:-1], argument, nodelist)
