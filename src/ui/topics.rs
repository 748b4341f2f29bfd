//! The episode's topic list.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopicsProps {
    pub topics: Vec<String>,
}

#[component]
pub fn Topics(props: &TopicsProps) -> Html {
    if props.topics.is_empty() {
        return html! {};
    }
    html! {
        <section class="earmark-topics" aria-labelledby="earmark-topics-heading">
            <h2 id="earmark-topics-heading" class="earmark-section-title">{ "Topics" }</h2>
            <ol class="earmark-topic-list">
                { for props.topics.iter().map(|topic| html! { <li class="earmark-topic">{ topic }</li> }) }
            </ol>
        </section>
    }
}
