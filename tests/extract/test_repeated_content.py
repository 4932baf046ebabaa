"""Lines a page repeats on purpose stay in the text; repeated captions and promo lines do not."""

from collections import Counter

from newsingest.extract import extract_article

BREAKFAST = "Breakfast: overnight oats with berries, chia seeds and a spoon of peanut butter"
SNACK = "Snack: an apple and a handful of unsalted almonds (about 20)"
LUNCHES = [
    "Lunch: lentil soup with a slice of wholegrain bread",
    "Lunch: chicken salad wrap with spinach, tomato and hummus",
]
DINNER = "Dinner: baked salmon with roasted sweet potatoes and green beans"
CAPTION = "A week of prepared lunches in glass containers on a kitchen counter"
PROMO = "Join our brand new verified Telegram channel and get our new recipes every single morning!"
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _meal_plan_page() -> str:
    days = "".join(
        f"<h3>{day}</h3><ul><li>{BREAKFAST}</li><li>{SNACK}</li><li>{LUNCHES[i % 2]}</li><li>{DINNER}</li></ul>"
        f"<p>{PROMO}</p>"
        for i, day in enumerate(DAYS)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>A 7-day high-protein meal plan for busy weeks | Kitchen Notes</title>
<meta name="description" content="Seven days of simple meals with about 120 grams of protein a day.">
</head><body><header><nav><a href="/">Home</a> <a href="/recipes">Recipes</a></nav></header>
<main><article><h1>A 7-day high-protein meal plan for busy weeks</h1>
<p>This plan keeps breakfast and the afternoon snack the same every day, so the shopping list stays
short, and alternates two lunches. Dinner is the same salmon dish all week: cook it in two batches.</p>
<figure><img src="/img/lunches.jpg" alt="Lunch boxes"><figcaption>{CAPTION}</figcaption></figure>
{days}
<p>{CAPTION}</p>
<p>Each day comes to about 1,900 calories and 120 grams of protein. Swap the salmon for tofu to make the
plan vegetarian; the protein total drops by about 15 grams a day.</p>
</article></main><footer><p>© 2024 Kitchen Notes</p></footer></body></html>"""


def test_a_meal_plan_keeps_every_repeated_meal() -> None:
    article = extract_article(_meal_plan_page(), url="https://kitchen.example/7-day-meal-plan")
    assert article is not None
    lines = Counter(line.removeprefix("- ") for line in article.text.split("\n"))
    for day in DAYS:
        assert lines[day] == 1
    assert lines[BREAKFAST] == 7 and lines[SNACK] == 7 and lines[DINNER] == 7
    assert lines[LUNCHES[0]] == 4 and lines[LUNCHES[1]] == 3
    # The promo line printed under every day and the photo caption repeated in the body still go.
    assert lines[PROMO] == 0 and lines[CAPTION] == 0
    assert article.dropped.get("dedup.repeated_line", 0) == 0
